/**
 * The CHOM production-readiness policy pack. `pulumi preview --policy-pack policies` runs
 * this file (compiled) through the nodejs policy runner, which serves it over gRPC.
 */
import { PolicyPack } from "@pulumi/policy";
import { attestationPolicy } from "./attestation-policy";
import { toPolicy } from "./lib/crossguard";
import { renderRulesDoc } from "./docs/rules-doc";
import { PACK, PACK_METADATA } from "./lib/pack-info";
import { setUpRunner } from "./lib/runner-setup";
import { RULES } from "./rules";

setUpRunner();

new PolicyPack(PACK.name, {
    ...PACK_METADATA,
    // The rule catalogue (docs/rules.md) is the pack's readme where Pulumi Cloud shows one.
    readme: renderRulesDoc(RULES, PACK.name, PACK.version),
    policies: [...RULES.map(toPolicy), attestationPolicy],
});
