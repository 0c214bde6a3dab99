/**
 * What the pack changes in the policy runner's process before it serves: the SDK deserializes a
 * request's properties once for all its policies (shared-deserialization.ts), and the debugger the
 * runner turned on is off (runner-debugger.ts). The benchmark's no-op twin of the pack calls this
 * too, so its floor is the SDK as this pack runs it.
 */
import { shareDeserializedProperties } from "./shared-deserialization";
import { turnOffRunnerDebugger } from "./runner-debugger";

export function setUpRunner(): void {
    shareDeserializedProperties();
    void turnOffRunnerDebugger();
}
