import type * as pulumi from "@pulumi/pulumi";
import { ServerProps, TYPES } from "../../policies/lib/subjects";
import { ChomComponent } from "./component";

/** `chom:host:Server`: the declared machine (specs the resource rules compare sizes against). */
export class Server extends ChomComponent<ServerProps> {
    constructor(name: string, props: ServerProps, opts?: pulumi.ComponentResourceOptions) {
        super(TYPES.server, name, props, opts);
    }
}
