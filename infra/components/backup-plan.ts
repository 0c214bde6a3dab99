import type * as pulumi from "@pulumi/pulumi";
import { BackupPlanProps, TYPES } from "../../policies/lib/subjects";
import { ChomComponent } from "./component";

/**
 * `chom:backup:BackupPlan`: what is backed up, when, where and how it is protected. The backup
 * container runs it (its environment is derived from the same props in stack.ts).
 */
export class BackupPlan extends ChomComponent<BackupPlanProps> {
    constructor(name: string, props: BackupPlanProps, opts?: pulumi.ComponentResourceOptions) {
        super(TYPES.backupPlan, name, props, opts);
    }
}
