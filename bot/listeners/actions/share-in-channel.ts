/**
 * "Share in channel" on an ephemeral answer: posts the stored answer, unchanged, to the channel,
 * saying who shared it, then replaces the private copy with a short confirmation.
 */
import type { AllMiddlewareArgs, BlockAction, ButtonAction, Middleware, SlackActionMiddlewareArgs } from "@slack/bolt";
import { renderAnswer } from "../../blocks/answer.ts";
import { errorMessage, notice } from "../../blocks/messages.ts";
import type { BotDeps } from "../../deps.ts";
import { describeForUser } from "../../user-errors.ts";

type ShareArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

export function shareInChannel(deps: BotDeps): Middleware<SlackActionMiddlewareArgs<BlockAction<ButtonAction>>> {
  return async ({ ack, action, body, client, respond }: ShareArgs) => {
    await ack();
    try {
      const answer = deps.store.loadAnswer(action.value ?? "");
      const channel = body.channel?.id;
      if (!answer || !channel) {
        const gone = notice("That answer is no longer available to share. Ask again with `/mandates`.");
        await respond({ response_type: "ephemeral", replace_original: false, text: gone.text, blocks: gone.blocks });
        return;
      }
      const message = renderAnswer(answer, { sharedBy: body.user.id });
      await client.chat.postMessage({ channel, text: message.text, blocks: message.blocks, unfurl_links: false, unfurl_media: false });
      const done = notice("Shared in the channel.");
      await respond({ response_type: "ephemeral", replace_original: true, text: done.text, blocks: done.blocks });
    } catch (error) {
      deps.logger.error("share in channel failed:", error);
      const failed = errorMessage(describeForUser(error));
      await respond({ response_type: "ephemeral", replace_original: false, text: failed.text, blocks: failed.blocks });
    }
  };
}
