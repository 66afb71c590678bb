import { type Clock } from './clock';
import { type Faults, type SandboxConfig } from './config';
export interface SandboxOptions {
    dataDir: string;
    host?: string;
    port?: number;
    config?: Partial<SandboxConfig>;
    configPath?: string;
    clock?: Clock;
    /** How often the rotation/purge job runs; the service checks hourly. 0 disables the timer. */
    schedulerIntervalMs?: number;
}
export interface SandboxHandle {
    url: string;
    port: number;
    clock: Clock;
    setFaults(f: Partial<Faults>): void;
    /** Run the rotation/purge job now (tests advance a manual clock, then call this). */
    runScheduler(): Promise<void>;
    close(): Promise<void>;
}
/** Start the sandbox KMS on host:port (default 127.0.0.1:0) with state in `dataDir`. */
export declare function startSandbox(opts: SandboxOptions): Promise<SandboxHandle>;
