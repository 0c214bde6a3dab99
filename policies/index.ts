/**
 * The CHOM production-readiness policy pack. `pulumi preview --policy-pack policies` runs
 * this file (compiled) through the nodejs policy runner, which serves it over gRPC.
 */
import { PolicyPack } from "@pulumi/policy";
import { attestationPolicy } from "./attestation-policy";
import { toPolicy } from "./lib/crossguard";
import { PACK } from "./lib/pack-info";
import { shareDeserializedProperties } from "./lib/shared-deserialization";
import { RULES } from "./rules";

shareDeserializedProperties();

new PolicyPack(PACK.name, {
    policies: [...RULES.map(toPolicy), attestationPolicy],
});
