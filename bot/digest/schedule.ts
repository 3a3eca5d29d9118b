/**
 * Runs the digest on DIGEST_CRON in DIGEST_TZ. `protect` skips a tick while the previous run is
 * still going (a slow, rate-limited run must not overlap itself and double-send).
 */
import type { Logger } from "@slack/bolt";
import { Cron } from "croner";
import { ErrorCode, MandateDeskError } from "../../retrieval/errors.ts";

export interface DigestSchedule {
  /** The next run after `from` (default: now), or null when the pattern never fires again. */
  nextRun(from?: Date): Date | null;
  stop(): void;
}

export function scheduleDigest(
  cron: string,
  timezone: string,
  run: () => Promise<unknown>,
  logger: Pick<Logger, "error">,
): DigestSchedule {
  let job: Cron;
  try {
    job = new Cron(cron, { timezone, protect: true }, async () => {
      try {
        await run();
      } catch (error) {
        logger.error("scheduled digest failed:", error);
      }
    });
  } catch (error) {
    throw new MandateDeskError(ErrorCode.ConfigInvalid, `DIGEST_CRON “${cron}” is not a valid cron pattern: ${(error as Error).message}`, {}, { cause: error });
  }
  return {
    nextRun: (from) => job.nextRun(from),
    stop: () => job.stop(),
  };
}
