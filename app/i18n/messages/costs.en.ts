/** In-house cost model, outsourced total cost and the comparison view (issue 6). */
export const costsEn = {
} as const;
