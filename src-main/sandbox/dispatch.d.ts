import type { IncomingMessage } from 'node:http';
import { type Deps, type Reply } from './context';
/** Route one request: authentication, organisation, feature gate, region, project, IAM, then the handler. */
export declare function dispatch(deps: Deps, req: IncomingMessage): Promise<Reply>;
