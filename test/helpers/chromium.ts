/** Renders a local HTML file to a PNG with headless Chromium (Debian's `chromium` package). */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export function findChromium(): string {
    for (const candidate of ["/usr/bin/chromium", "/usr/bin/chromium-browser"])
        if (fs.existsSync(candidate)) return candidate;
    throw new Error(
        "chromium is not installed: the HTML rendering test needs Debian's `chromium` (apt-get install -y chromium)",
    );
}

/**
 * Screenshot of `htmlFile` at the given window size; the profile directory is fresh and removed
 * after.
 */
export function screenshot(htmlFile: string, pngFile: string, width = 1280, height = 2400): Buffer {
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), "chom-chromium-"));
    try {
        execFileSync(
            findChromium(),
            [
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                `--user-data-dir=${profile}`,
                `--screenshot=${pngFile}`,
                `--window-size=${width},${height}`,
                `file://${path.resolve(htmlFile)}`,
            ],
            { stdio: "ignore", timeout: 60_000 },
        );
        return fs.readFileSync(pngFile);
    } finally {
        fs.rmSync(profile, { recursive: true, force: true });
    }
}
