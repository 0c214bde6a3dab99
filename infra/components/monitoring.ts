import type * as pulumi from "@pulumi/pulumi";
import { MonitoringProps, TYPES } from "../../policies/lib/subjects";
import { ChomComponent } from "./component";

/**
 * `chom:observability:Monitoring`: what Prometheus scrapes and alerts on, and Loki's retention.
 * The Prometheus, Loki and Alloy containers mount files rendered from the same props.
 */
export class Monitoring extends ChomComponent<MonitoringProps> {
    constructor(name: string, props: MonitoringProps, opts?: pulumi.ComponentResourceOptions) {
        super(TYPES.monitoring, name, props, opts);
    }
}
