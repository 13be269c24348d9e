/** Erlang C counterfactual, channel-mix scenario and portfolio evidence (issue 6). */
export const whatIfEn = {
} as const;
