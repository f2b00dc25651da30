const DISCORD_EPOCH_MS = 1_420_070_400_000n;
const WORKER_BITS = 1n << 17n;
let increment = 0n;

/** A real-shaped Discord snowflake (timestamp in the top bits), so `SnowflakeUtil.timestampFrom` works. */
export function nextSnowflake(at: number = Date.now()): string {
  increment = (increment + 1n) & 0xfffn;
  return (((BigInt(at) - DISCORD_EPOCH_MS) << 22n) | WORKER_BITS | increment).toString();
}
