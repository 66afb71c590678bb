import type { IncomingHttpHeaders } from 'node:http';
import type { Clock } from './clock';
import type { Access, SandboxConfig } from './config';
export interface Principal {
    name: string;
    kind: 'pat' | 'service-account';
    grants: ReadonlyMap<string, Access>;
}
/**
 * PATs (`Token <pat>` or `Bearer <pat>`) and service-account access tokens (`Bearer <token>`).
 * Access tokens are HMAC-signed under a secret derived from the master key, so they stay valid
 * across restarts until they expire on the sandbox clock.
 */
export declare class Authenticator {
    private readonly config;
    private readonly secret;
    private readonly clock;
    constructor(config: SandboxConfig, secret: Buffer, clock: Clock);
    authenticate(headers: IncomingHttpHeaders): Principal;
    /** client_credentials grant; undefined when the client is unknown or the secret is wrong. */
    issueToken(clientId: string, clientSecret: string): {
        access_token: string;
        token_type: 'Bearer';
        expires_in: number;
    } | undefined;
    private mac;
    private verifyAccessToken;
}
