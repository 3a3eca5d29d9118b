/**
 * One bounded model call. A provider that never answers must not hold a user's question hostage,
 * so the call races a timer; the abort signal then tells the client to drop the request. Failures
 * come back as a reason string, because every caller falls back rather than failing the user.
 */
import type { BaseMessage } from "@langchain/core/messages";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { describeError } from "../errors.ts";

export type ModelOutcome = { ok: true; text: string } | { ok: false; reason: string; timedOut: boolean };

const MAX_REASON_CHARS = 200;

export async function invokeWithin(chat: BaseChatModel, messages: BaseMessage[], timeoutMs: number): Promise<ModelOutcome> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), timeoutMs);
  });
  try {
    // Promise.race subscribes to the call, so its late rejection after an abort is handled, not unhandled.
    const outcome = await Promise.race([chat.invoke(messages, { signal: controller.signal }), deadline]);
    if (outcome === "timeout") {
      controller.abort();
      return { ok: false, reason: `timeout: the model gave no answer within ${timeoutMs} ms`, timedOut: true };
    }
    return { ok: true, text: outcome.text };
  } catch (error) {
    const message = describeError(error).replace(/\s+/g, " ").slice(0, MAX_REASON_CHARS);
    return { ok: false, reason: `model_error: ${message}`, timedOut: false };
  } finally {
    clearTimeout(timer);
  }
}
