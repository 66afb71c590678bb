/** Time source of the sandbox; tests inject a manual clock to drive rotation and purge. */
export interface Clock {
    now(): Date;
}
export declare const systemClock: Clock;
export type ManualClock = Clock & {
    advance(ms: number): void;
    set(d: Date): void;
};
/** A clock that only moves when told to, so scheduled rotation and purge are deterministic. */
export declare function createManualClock(start?: Date): ManualClock;
