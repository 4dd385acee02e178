/**
 * OpenID Connect sign-in for production: the agency's identity provider authenticates (and
 * enforces its own second factor); authorization stays here. An identity is linked to a local
 * user by its issuer and subject, or on first sign-in by the e-mail claim equal to the username,
 * and only when the provider says it has verified that address (`email_verified`): an account at
 * the provider with someone else's unverified address must not take over their account here.
 */
import * as client from "openid-client";

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
}

const loopback = (url: URL) => url.hostname === "127.0.0.1" || url.hostname === "localhost";

export function createOidc(settings: OidcSettings) {
  let config: Promise<client.Configuration> | undefined;
  const issuer = new URL(settings.issuer);
  // Plain HTTP only for an issuer on this machine (tests, local development).
  const discover = () =>
    client.discovery(issuer, settings.clientId, settings.clientSecret, undefined, {
      execute: loopback(issuer) ? [client.allowInsecureRequests] : [],
    });

  return {
    /** The URL to send the browser to, and the checks to keep until it comes back. */
    async start(redirectUri: string) {
      config ??= discover();
      const verifier = client.randomPKCECodeVerifier();
      const state = client.randomState();
      const nonce = client.randomNonce();
      const url = client.buildAuthorizationUrl(await config, {
        redirect_uri: redirectUri,
        scope: "openid email profile",
        code_challenge: await client.calculatePKCECodeChallenge(verifier),
        code_challenge_method: "S256",
        state,
        nonce,
      });
      return { url: url.href, checks: { verifier, state, nonce } };
    },

    /** Exchanges the code on the callback URL; returns the verified identity. */
    async finish(callbackUrl: URL, checks: { verifier: string; state: string; nonce: string }) {
      config ??= discover();
      const tokens = await client.authorizationCodeGrant(await config, callbackUrl, {
        pkceCodeVerifier: checks.verifier,
        expectedState: checks.state,
        expectedNonce: checks.nonce,
        idTokenExpected: true,
      });
      const claims = tokens.claims();
      if (!claims?.sub) throw new Error("the identity provider sent no subject");
      const verified = typeof claims.email === "string" && claims.email_verified === true;
      return {
        subject: `${issuer.href}#${claims.sub}`,
        /** The e-mail address, only when the provider has verified it. */
        verifiedEmail: verified ? (claims.email as string).toLowerCase() : null,
      };
    },
  };
}
export type Oidc = ReturnType<typeof createOidc>;
