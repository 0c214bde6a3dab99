/**
 * `chom-certify verify`: checks a signed attestation (attestation.dsse.json) the way a third
 * party would, with nothing but the public key and the files it names:
 *   1. signature: one signature of the envelope verifies over PAE(payloadType, payload);
 *   2. payload type: application/vnd.in-toto+json;
 *   3. statement: an in-toto Statement v1 of our predicate type, with a sha256 subject;
 *   4. subject (--state): the digest recomputed from a `pulumi stack export` file;
 *   5. pack (--pack): the digest of the pack's files, and its name and version;
 *   6. outputs (--outputs): every output the predicate lists, by digest, and attestation.json
 *      equal to the signed payload byte for byte;
 *   7. inputs (--policy-config, --evidence): the file is the one the run read, by digest.
 * Nothing after a failed signature is believed, so checking stops there. Exit 0 verified,
 * 1 a check failed (each named), 2 bad input (unreadable key, envelope or file).
 */
import { createPublicKey, KeyObject } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { fileSha256, packFilesDigest } from "../lib/pack-digest";
import { exportedResources, subjectDigest } from "../lib/subject-digest";
import { PREDICATE_TYPE, Statement, STATEMENT_TYPE } from "../report/attestation";
import {
    algorithmOf,
    IN_TOTO_PAYLOAD_TYPE,
    UnsupportedKeyError,
    verifyEnvelope,
} from "../report/dsse";
import { ENVELOPE_FILE, OUTPUT_FILES } from "../report/write-outputs";
import { COMMON_OPTIONS, parseOptions } from "./common-options";
import { EvaluationError, EXIT } from "./errors";
import { parseUrn } from "./state-file";

export const VERIFY_USAGE = `usage: chom-certify verify --key PUBLIC.pem --envelope FILE [--state FILE] [--pack DIR] [--outputs DIR]
                           [--policy-config FILE] [--evidence FILE]

  --key PUBLIC.pem   the signer's public key (PEM; ECDSA P-256 or Ed25519)
  --envelope FILE    the signed attestation (${ENVELOPE_FILE}, a DSSE envelope)
  --state FILE       check the subject against this \`pulumi stack export\` file (digest recomputed)
  --pack DIR         check the pack's files, name and version against this policy pack
  --outputs DIR      check the outputs in DIR (certificate.md/.html, results.sarif, junit.xml,
                     attestation.json) against the digests the attestation carries
  --policy-config FILE, --evidence FILE
                     check that the run read exactly this policy config / evidence file (by sha256)
exit codes: 0 verified, 1 a check failed (named on its line), 2 bad input`;

/** What verify found, one line per check. */
export interface VerifyReport {
    /** 0 verified, 1 a check failed. */
    exitCode: number;
    /** `ok <check>: ...` or `FAIL <check>: ...`, then the summary line. */
    lines: string[];
    /** The names of the checks that failed. */
    failed: string[];
}

/** Inputs of a verification, already resolved to paths. */
export interface VerifyInputs {
    publicKey: KeyObject;
    envelope: unknown;
    envelopeFile: string;
    stateFile?: string;
    packDir?: string;
    outputsDir?: string;
    /** Input files to find among the attested inputs, by role. */
    inputFiles: { role: "policy-config" | "evidence"; file: string }[];
}

function readPublicKey(file: string): KeyObject {
    let pem: Buffer;
    try {
        pem = fs.readFileSync(file);
    } catch {
        throw new EvaluationError(`--key ${file}: cannot read the file`);
    }
    let key: KeyObject;
    try {
        // A private key also gives its public half; an encrypted one is refused (no passphrase
        // here).
        key = createPublicKey({ key: pem, format: "pem" });
    } catch {
        throw new EvaluationError(`--key ${file}: not a PEM public key`);
    }
    try {
        algorithmOf(key);
    } catch (e) {
        if (e instanceof UnsupportedKeyError)
            throw new EvaluationError(`--key ${file}: ${e.message}`);
        throw e;
    }
    return key;
}

function readJson(file: string, flag: string): unknown {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch {
        throw new EvaluationError(`${flag} ${file}: cannot read the file`);
    }
    try {
        return JSON.parse(text);
    } catch (e) {
        throw new EvaluationError(
            `${flag} ${file}: not JSON: ${(e as Error).message.split("\n")[0]}`,
        );
    }
}

/** Parses `verify`'s arguments; every file is checked readable here (exit 2 otherwise). */
export function parseVerifyArgs(argv: string[], cwd: string): VerifyInputs {
    const values = parseOptions(
        argv,
        {
            ...COMMON_OPTIONS,
            key: { type: "string" },
            envelope: { type: "string" },
            state: { type: "string" },
            outputs: { type: "string" },
        } as const,
        VERIFY_USAGE,
    );
    if (!values.key)
        throw new EvaluationError(`verify needs --key (the signer's public key)\n${VERIFY_USAGE}`);
    if (!values.envelope)
        throw new EvaluationError(
            `verify needs --envelope (the signed attestation, ${ENVELOPE_FILE})\n${VERIFY_USAGE}`,
        );
    const envelopeFile = path.resolve(cwd, values.envelope);
    const inputs: VerifyInputs = {
        publicKey: readPublicKey(path.resolve(cwd, values.key)),
        envelope: readJson(envelopeFile, "--envelope"),
        envelopeFile,
        inputFiles: [],
    };
    if (values.state) {
        inputs.stateFile = path.resolve(cwd, values.state);
        if (!fs.statSync(inputs.stateFile, { throwIfNoEntry: false })?.isFile())
            throw new EvaluationError(`--state ${inputs.stateFile}: no such file`);
    }
    if (values.pack) {
        inputs.packDir = path.resolve(cwd, values.pack);
        if (!fs.existsSync(path.join(inputs.packDir, "PulumiPolicy.yaml")))
            throw new EvaluationError(
                `--pack ${inputs.packDir}: not a policy pack (no PulumiPolicy.yaml there)`,
            );
    }
    if (values.outputs) {
        inputs.outputsDir = path.resolve(cwd, values.outputs);
        if (!fs.statSync(inputs.outputsDir, { throwIfNoEntry: false })?.isDirectory())
            throw new EvaluationError(`--outputs ${inputs.outputsDir}: no such directory`);
    }
    for (const role of ["policy-config", "evidence"] as const) {
        const given = values[role];
        if (given === undefined) continue;
        const file = path.resolve(cwd, given);
        if (!fs.statSync(file, { throwIfNoEntry: false })?.isFile())
            throw new EvaluationError(`--${role} ${file}: no such file`);
        inputs.inputFiles.push({ role, file });
    }
    return inputs;
}

/** The statement's shape, or why it is not ours. */
function statementProblem(doc: unknown): string | null {
    const s = doc as Partial<Statement> | null;
    if (typeof s !== "object" || s === null || Array.isArray(s))
        return "the payload is not a JSON object";
    if (s._type !== STATEMENT_TYPE)
        return `_type is ${JSON.stringify(s._type)}, not ${STATEMENT_TYPE}`;
    if (s.predicateType !== PREDICATE_TYPE)
        return `predicateType is ${JSON.stringify(s.predicateType)}, not ${PREDICATE_TYPE}`;
    const subject = Array.isArray(s.subject) ? s.subject[0] : undefined;
    if (
        !subject ||
        typeof subject.name !== "string" ||
        !/^[0-9a-f]{64}$/.test(subject.digest?.sha256 ?? "")
    )
        return "no subject with a sha256 digest";
    if (typeof s.predicate !== "object" || s.predicate === null) return "no predicate";
    return null;
}

/**
 * Runs every check the inputs allow. Throws EvaluationError (exit 2) only for a file that cannot be
 * read.
 */
export function verifyAttestation(inputs: VerifyInputs): VerifyReport {
    const lines: string[] = [];
    const failed: string[] = [];
    const ok = (check: string, text: string) => lines.push(`ok    ${check}: ${text}`);
    const fail = (check: string, text: string) => {
        failed.push(check);
        lines.push(`FAIL  ${check}: ${text}`);
    };
    const done = (): VerifyReport => {
        lines.push(failed.length ? `NOT VERIFIED: ${failed.join(", ")}` : "VERIFIED");
        return { exitCode: failed.length ? EXIT.blocked : EXIT.ok, lines, failed };
    };

    const checked = verifyEnvelope(inputs.envelope, inputs.publicKey);
    if (!checked.ok) {
        fail(checked.check, checked.reason);
        return done();
    }
    ok("signature", `verified with the ${checked.algorithm} key over PAE(payloadType, payload)`);
    if (checked.payloadType !== IN_TOTO_PAYLOAD_TYPE) {
        fail("payload type", `${JSON.stringify(checked.payloadType)}, not ${IN_TOTO_PAYLOAD_TYPE}`);
        return done();
    }
    ok("payload type", IN_TOTO_PAYLOAD_TYPE);
    let statement: Statement;
    try {
        statement = JSON.parse(checked.payload.toString("utf8")) as Statement;
    } catch {
        fail("statement", "the signed payload is not JSON");
        return done();
    }
    const problem = statementProblem(statement);
    if (problem) {
        fail("statement", problem);
        return done();
    }
    const subject = statement.subject[0];
    const p = statement.predicate;
    ok(
        "statement",
        `${subject.name} sha256:${subject.digest.sha256}; ${p.status}; ${p.certification?.status ?? "?"}; pack ${p.pack?.name}@${p.pack?.version}`,
    );

    if (inputs.stateFile) {
        const doc = readJson(inputs.stateFile, "--state");
        let digest: string, name: string;
        try {
            const resources = exportedResources(doc);
            digest = subjectDigest(resources);
            const first = resources.map((r) => parseUrn(r.urn)).find((u) => u !== undefined);
            name = first ? `pulumi-stack:${first.project}/${first.stack}` : "(no Pulumi URN)";
        } catch (e) {
            throw new EvaluationError(`--state ${inputs.stateFile}: ${(e as Error).message}`);
        }
        if (digest !== subject.digest.sha256)
            fail(
                "subject",
                `${path.basename(inputs.stateFile)} digests to sha256:${digest}, the attestation is about sha256:${subject.digest.sha256}`,
            );
        else if (name !== subject.name)
            fail(
                "subject",
                `${path.basename(inputs.stateFile)} is stack ${name}, the attestation names ${subject.name}`,
            );
        else ok("subject", `${path.basename(inputs.stateFile)} digests to sha256:${digest}`);
    }

    if (inputs.packDir) {
        const pack = packFilesDigest(inputs.packDir);
        let pkg: { name?: unknown; version?: unknown } = {};
        try {
            pkg = JSON.parse(
                fs.readFileSync(path.join(inputs.packDir, "package.json"), "utf8"),
            ) as typeof pkg;
        } catch {
            // an unreadable package.json fails the name/version comparison below
        }
        const bound = p.materials?.packFiles;
        if (!bound)
            fail("pack", "the attestation binds no pack files (made without chom-certify?)");
        else if (bound.sha256 !== pack.sha256)
            fail(
                "pack",
                `the files of ${inputs.packDir} digest to sha256:${pack.sha256} (${pack.files.length} files), the attestation binds sha256:${bound.sha256} (${bound.count} files)`,
            );
        else if (pkg.name !== p.pack?.name || pkg.version !== p.pack?.version)
            fail(
                "pack",
                `${inputs.packDir} is ${String(pkg.name)}@${String(pkg.version)}, the attestation names ${p.pack?.name}@${p.pack?.version}`,
            );
        else ok("pack", `${pack.files.length} files digest to sha256:${pack.sha256}`);
    }

    if (inputs.outputsDir) {
        const dir = inputs.outputsDir;
        const listed = Array.isArray(p.outputs) ? p.outputs : [];
        const expected = Object.values(OUTPUT_FILES).filter((f) => f !== OUTPUT_FILES.attestation);
        const problems: string[] = [];
        for (const name of expected)
            if (!listed.some((o) => o.name === name))
                problems.push(`${name} is not bound by the attestation`);
        for (const o of listed) {
            const file = path.join(dir, path.basename(o.name));
            if (!fs.statSync(file, { throwIfNoEntry: false })?.isFile())
                problems.push(`${o.name} is missing`);
            else if (fileSha256(file) !== o.digest?.sha256)
                problems.push(
                    `${o.name} differs from the one attested (sha256:${fileSha256(file)}, attested sha256:${o.digest?.sha256})`,
                );
        }
        const attestationFile = path.join(dir, OUTPUT_FILES.attestation);
        if (!fs.statSync(attestationFile, { throwIfNoEntry: false })?.isFile())
            problems.push(`${OUTPUT_FILES.attestation} is missing`);
        else if (!fs.readFileSync(attestationFile).equals(checked.payload))
            problems.push(`${OUTPUT_FILES.attestation} is not the signed payload`);
        if (problems.length) fail("outputs", problems.join("; "));
        else
            ok(
                "outputs",
                `${listed.length + 1} files match (${[OUTPUT_FILES.attestation, ...listed.map((o) => o.name)].join(", ")})`,
            );
    }
    for (const { role, file } of inputs.inputFiles) {
        const digest = fileSha256(file);
        const bound = (p.materials?.inputs ?? []).filter((i) => i.role === role);
        if (bound.some((i) => i.digest?.sha256 === digest))
            ok(role, `${path.basename(file)} is the file the run read (sha256:${digest})`);
        else if (bound.length === 0)
            fail(role, `the attestation records no ${role} file: the run read none`);
        else
            fail(
                role,
                `${path.basename(file)} (sha256:${digest}) is not the file the run read (${bound.map((i) => `${i.name} sha256:${i.digest?.sha256}`).join(", ")})`,
            );
    }
    return done();
}

/** The `verify` subcommand: prints one line per check, returns the exit code. */
export function verifyMain(argv: string[], cwd: string): number {
    try {
        const report = verifyAttestation(parseVerifyArgs(argv, cwd));
        for (const line of report.lines) process.stdout.write(`${line}\n`);
        return report.exitCode;
    } catch (e) {
        if ((e as { help?: boolean }).help) {
            process.stdout.write(`${(e as Error).message}\n`);
            return EXIT.ok;
        }
        if (e instanceof EvaluationError) {
            process.stderr.write(`error: ${e.message}\n`);
            return EXIT.couldNotEvaluate;
        }
        throw e;
    }
}
