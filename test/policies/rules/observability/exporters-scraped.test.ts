import * as assert from "assert";
import { exportersScraped } from "../../../../policies/rules/observability/exporters-scraped";
import { TYPES } from "../../../../policies/lib/subjects";
import type { Outcome } from "../../../../policies/lib/judge";
import {
    compliantStack,
    container,
    monitoring,
    monitoringProps,
    replace,
} from "../../../helpers/fixture-stack";
import { judgeAll, namesIn } from "../../../helpers/rules";

type Outcomes = Map<string, Outcome>;
const withoutTarget = (...services: string[]) =>
    replace(
        compliantStack(),
        monitoring({
            scrapeTargets: monitoringProps().scrapeTargets.filter(
                (t) => !services.includes(t.service),
            ),
        }),
    );

describe("CHOM-OBS-002 every exporter and the app scraped", () => {
    it("passes the compliant stack", () => {
        const out = judgeAll(exportersScraped, compliantStack());
        assert.deepStrictEqual(namesIn(out, "FAIL"), []);
        assert.strictEqual(namesIn(out, "PASS").length, 16);
    });
    it("fails an exporter and the app without a scrape target, naming the containers", () => {
        const out = judgeAll(exportersScraped, withoutTarget("redis-exporter", "app")) as Outcomes;
        assert.deepStrictEqual(namesIn(out, "FAIL"), ["app", "redis-exporter"]);
        assert.strictEqual(
            out.get("redis-exporter")!.message,
            "container chom-redis-exporter (service redis-exporter) is not scraped: no scrape target has service redis-exporter",
        );
        assert.strictEqual(
            out.get("app")!.message,
            "container chom-app (service app) is not scraped: no scrape target has service app",
        );
    });
    it("recognises an unlabelled exporter by its image (hipages/php-fpm_exporter)", () => {
        const stack = replace(
            withoutTarget("php-fpm-exporter"),
            container("php-fpm-exporter", { labels: [] }),
        );
        const out = judgeAll(exportersScraped, stack) as Outcomes;
        assert.strictEqual(
            out.get("php-fpm-exporter")!.message,
            "container chom-php-fpm-exporter (service php-fpm-exporter) is not scraped: no scrape target has service php-fpm-exporter",
        );
    });
    it("fails every exporter when there is no Monitoring resource", () => {
        const out = judgeAll(
            exportersScraped,
            compliantStack().filter((r) => r.type !== TYPES.monitoring),
        ) as Outcomes;
        assert.deepStrictEqual(namesIn(out, "FAIL"), [
            "app",
            "mysqld-exporter",
            "nginx-exporter",
            "node-exporter",
            "php-fpm-exporter",
            "redis-exporter",
        ]);
        assert.strictEqual(
            out.get("node-exporter")!.message,
            "container chom-node-exporter (service node-exporter) is not scraped: the stack declares no chom:observability:Monitoring",
        );
    });
    it("config scrapedServices: requiring grafana's metrics fails the compliant stack on grafana", () => {
        assert.deepStrictEqual(
            namesIn(
                judgeAll(exportersScraped, compliantStack(), {
                    scrapedServices: ["app", "grafana"],
                }),
                "FAIL",
            ),
            ["grafana"],
        );
    });
});
