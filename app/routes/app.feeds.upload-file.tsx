import type { ActionFunctionArgs } from '@remix-run/node';
import type { FeedFormResponse } from '#app/components/feeds/upload-types';
import { requireMember } from '#app/lib/auth.server';
import { handleFeedForm, intentOf } from '#app/lib/feed-upload-form.server';
import { throwHttpError } from '#app/lib/form-errors.server';

/** The upload page's script posts here (XMLHttpRequest, for the progress bar) and gets JSON back. */
export async function action({ request, context }: ActionFunctionArgs) {
  const { ctx } = await requireMember(request, context, 'upload:feeds');
  const outcome = await handleFeedForm(request, ctx, intentOf(request)).catch(throwHttpError);
  if (outcome.type === 'committed') {
    const location = `/app/feeds/uploads/${outcome.uploadId}${outcome.isDuplicate ? '?duplicate=1' : ''}`;
    return Response.json({ type: 'committed', location } satisfies FeedFormResponse);
  }
  return Response.json(outcome satisfies FeedFormResponse, { status: outcome.type === 'invalid' ? 422 : 200 });
}

