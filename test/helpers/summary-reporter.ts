/**
 * Mocha's spec output, then the plain closing line CI reads: `N passed, N failed[, N skipped]`.
 * A run in which no test executed fails: that is never a green run.
 */
import * as Mocha from "mocha";

const { EVENT_RUN_END, EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING } =
    Mocha.Runner.constants;

class SummaryReporter extends Mocha.reporters.Spec {
    constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
        super(runner, options);
        let passed = 0,
            failed = 0,
            skipped = 0;
        runner.on(EVENT_TEST_PASS, () => passed++);
        runner.on(EVENT_TEST_FAIL, () => failed++);
        runner.on(EVENT_TEST_PENDING, () => skipped++);
        // Registered after Spec's own end handler (in super), so this line comes after its
        // epilogue; synchronous, because mocha's --exit ends the process right after "end".
        runner.once(EVENT_RUN_END, () => {
            process.stdout.write(
                `\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}\n`,
            );
            if (passed + failed === 0) {
                process.stderr.write("no test ran\n");
                process.exitCode = 1;
            }
        });
    }
}

export = SummaryReporter;
