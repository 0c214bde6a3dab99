import type * as pulumi from "@pulumi/pulumi";
import { TlsProps, TYPES } from "../../policies/lib/subjects";
import type { TlsConfig } from "../config";
import { renderNginxConfig } from "../render/nginx";
import { ChomComponent } from "./component";

/**
 * `chom:edge:Tls`: TLS termination in nginx. Its `nginxConfig` input is rendered from the
 * other inputs and is the very file the nginx container mounts, so what the pack judges is
 * what nginx runs.
 */
export class Tls extends ChomComponent<TlsProps> {
    constructor(name: string, config: TlsConfig, opts?: pulumi.ComponentResourceOptions) {
        super(TYPES.tls, name, { ...config, nginxConfig: renderNginxConfig(config) }, opts);
    }
}
