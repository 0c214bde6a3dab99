// Command dsse-verify is a TEST-ONLY verifier of DSSE envelopes built on go-securesystemslib's
// dsse package (an implementation nobody in this project wrote). It proves that the envelopes
// chom-certify signs interoperate with the reference Go implementation.
//
//	dsse-verify PUBLIC-KEY.pem ENVELOPE.json     exit 0 verified, 1 not verified, 2 bad input
//	dsse-verify PUBLIC-KEY.pem -                 one envelope (JSON) per stdin line; one answer per line
//
// An answer is `OK <payloadType> <sha256 of the decoded payload>` or `FAIL <reason>`.
// The key is a PEM public key (ECDSA P-256 or Ed25519, SubjectPublicKeyInfo), loaded by
// signerverifier.LoadKey: the library, not this program, decides what the key is.
package main

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"

	"github.com/secure-systems-lab/go-securesystemslib/dsse"
	"github.com/secure-systems-lab/go-securesystemslib/signerverifier"
)

func verifierFor(pemBytes []byte) (dsse.Verifier, error) {
	key, err := signerverifier.LoadKey(pemBytes)
	if err != nil {
		return nil, err
	}
	switch key.KeyType {
	case signerverifier.ECDSAKeyType:
		return signerverifier.NewECDSASignerVerifierFromSSLibKey(key)
	case signerverifier.ED25519KeyType:
		return signerverifier.NewED25519SignerVerifierFromSSLibKey(key)
	default:
		return nil, fmt.Errorf("key type %q is not ECDSA or Ed25519", key.KeyType)
	}
}

// verify answers one envelope's text.
func verify(ev *dsse.EnvelopeVerifier, text []byte) string {
	var env dsse.Envelope
	if err := json.Unmarshal(text, &env); err != nil {
		return "FAIL not a DSSE envelope: " + err.Error()
	}
	_, payload, err := ev.VerifyAndDecode(context.Background(), &env)
	if err != nil {
		return "FAIL " + err.Error()
	}
	sum := sha256.Sum256(payload)
	return fmt.Sprintf("OK %s %s", env.PayloadType, hex.EncodeToString(sum[:]))
}

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: dsse-verify PUBLIC-KEY.pem ENVELOPE.json|-")
		os.Exit(2)
	}
	pemBytes, err := os.ReadFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "error: cannot read the key:", err)
		os.Exit(2)
	}
	v, err := verifierFor(pemBytes)
	if err != nil {
		fmt.Fprintln(os.Stderr, "error: cannot load the key:", err)
		os.Exit(2)
	}
	ev, err := dsse.NewEnvelopeVerifier(v)
	if err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(2)
	}
	if os.Args[2] != "-" {
		text, err := os.ReadFile(os.Args[2])
		if err != nil {
			fmt.Fprintln(os.Stderr, "error: cannot read the envelope:", err)
			os.Exit(2)
		}
		answer := verify(ev, text)
		fmt.Println(answer)
		if answer[:2] != "OK" {
			os.Exit(1)
		}
		return
	}
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 64<<20)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for in.Scan() {
		fmt.Fprintln(out, verify(ev, in.Bytes()))
	}
	if err := in.Err(); err != nil {
		fmt.Fprintln(os.Stderr, "error: reading stdin:", err)
		os.Exit(2)
	}
}
