/**
 * Backups probe: in each plan's declared localPath, the newest backup file's age and size, its
 * integrity (`<file>.sha256` verified with sha256sum -c, or gzip -t for a .gz without one), and
 * the date of the last successful restore test (`restore-test.ok`, touched by the restore job).
 */
import { shQuote } from "../batch-script";
import { Observation, Probe, usable } from "../observation";

export const RESTORE_MARKER = "restore-test.ok";

function script(dir: string): string {
    const d = shQuote(dir);
    return [
        `cd ${d} || exit 3`,
        `newest=$(find . -maxdepth 1 -type f ! -name '*.sha256' ! -name ${RESTORE_MARKER} -printf '%T@ %s %f\\n' | sort -n | tail -n 1)`,
        `echo "newest $newest"`,
        // The name: what follows the first two fields (cut -d' ' -f3-, by the shell).
        `f=\${newest#* }; f=\${f#* }`,
        `if [ -z "$f" ]; then echo "integrity none"; elif [ -f "$f.sha256" ]; then if sha256sum -c --status "$f.sha256"; then echo "integrity ok sha256"; else echo "integrity bad sha256"; fi; ` +
            `elif [ "\${f%.gz}" != "$f" ]; then if gzip -t "$f" 2>/dev/null; then echo "integrity ok gzip"; else echo "integrity bad gzip"; fi; else echo "integrity none"; fi`,
        `echo "restore $(stat -c %Y ${RESTORE_MARKER} 2>/dev/null || echo none)"`,
    ].join("; ");
}

export const backupsProbe: Probe = {
    area: "backups",
    sections(ctx) {
        return ctx.declared.backupPlans.map((p, i) => ({
            name: `backups.${i}`,
            command: script(p.localPath),
        }));
    },
    judge(ctx, get): Observation[] {
        const out: Observation[] = [];
        if (ctx.declared.backupPlans.length === 0) {
            return ["CHOM-LIVE-006", "CHOM-LIVE-007"].map((ruleId) => ({
                ruleId,
                area: "backups",
                item: "backups",
                state: "NOT_APPLICABLE" as const,
                message: "the stack declares no chom:backup:BackupPlan with a localPath",
            }));
        }
        ctx.declared.backupPlans.forEach((plan, i) => {
            const o = (ruleId: string, state: Observation["state"], message: string) =>
                out.push({
                    ruleId,
                    area: "backups",
                    item: `${plan.name} ${plan.localPath}`,
                    state,
                    message,
                });
            const r = get(`backups.${i}`);
            const u =
                "exitCode" in r && r.exitCode === 3
                    ? { unknown: `${plan.localPath} does not exist or cannot be read on the host` }
                    : usable(r, `backups in ${plan.localPath}`);
            if ("unknown" in u) {
                // The directory the plan declares is missing: no backup is there, which is a
                // finding, not a blind spot.
                const state = "exitCode" in r && r.exitCode === 3 ? "FAIL" : "UNKNOWN";
                o("CHOM-LIVE-006", state, u.unknown);
                o("CHOM-LIVE-007", state, u.unknown);
                return;
            }
            const newest = /^newest (\S+) (\d+) (.+)$/m.exec(u.text);
            const integrity = /^integrity (\w+)(?: (\w+))?$/m.exec(u.text);
            const restore = /^restore (\S+)$/m.exec(u.text)?.[1];
            if (!newest) o("CHOM-LIVE-006", "FAIL", `no backup file in ${plan.localPath}`);
            else {
                const ageHours = (ctx.now.getTime() / 1000 - Number(newest[1])) / 3600;
                const size = Number(newest[2]);
                const file = newest[3];
                const age = `${ageHours.toFixed(1)} h old`;
                const problems: string[] = [];
                if (ageHours > plan.staleAfterHours)
                    problems.push(
                        `the newest backup ${file} is ${age}, older than the plan's ${plan.staleAfterHours} h`,
                    );
                if (size === 0) problems.push(`the newest backup ${file} is empty`);
                if (integrity?.[1] === "bad")
                    problems.push(`${file} fails its ${integrity[2]} integrity check`);
                if (problems.length) o("CHOM-LIVE-006", "FAIL", problems.join("; "));
                else if (integrity?.[1] !== "ok")
                    o(
                        "CHOM-LIVE-006",
                        "UNKNOWN",
                        `${file} (${age}, ${size} bytes) has no ${file}.sha256 to verify it against`,
                    );
                else
                    o(
                        "CHOM-LIVE-006",
                        "PASS",
                        `${file}: ${age}, ${size} bytes, ${integrity[2]} verified`,
                    );
            }
            if (!restore || restore === "none")
                o(
                    "CHOM-LIVE-007",
                    "FAIL",
                    `no restore test recorded (${plan.localPath}/${RESTORE_MARKER} is missing)`,
                );
            else {
                const days = (ctx.now.getTime() / 1000 - Number(restore)) / 86400;
                const when = new Date(Number(restore) * 1000).toISOString().slice(0, 10);
                if (days > plan.restoreTestEveryDays)
                    o(
                        "CHOM-LIVE-007",
                        "FAIL",
                        `the last restore test succeeded on ${when}, ${Math.floor(days)} days ago; the plan tests every ${plan.restoreTestEveryDays} days`,
                    );
                else o("CHOM-LIVE-007", "PASS", `last restore test succeeded on ${when}`);
            }
        });
        return out;
    },
};
