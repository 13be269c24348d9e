import { z } from 'zod';

/**
 * The sourcing assessment of a program, from the seed frameworks of DOMAIN.md: McFarlan's grid (today's
 * dependence on the function × importance of its development), the service-center mode (variability ×
 * complexity of the contacts) and the client's outsourcing concerns, each rated 1 (minor) to 5 (major).
 */
export const SOURCING_CONCERNS = ['customerDataConfidentiality', 'qualityMeasurability', 'brandImage', 'vendorModelFit'] as const;
export type SourcingConcern = (typeof SOURCING_CONCERNS)[number];
export const LEVELS = ['low', 'high'] as const;
export type Level = (typeof LEVELS)[number];

const E = (key: string) => ({ message: `programs.error.${key}` });
const score = z.coerce.number(E('notANumber')).int(E('notAnInteger')).min(1, E('scoreOutOfRange')).max(5, E('scoreOutOfRange'));

export const sourcingInputSchema = z.object({
  /** How much today's operations depend on the function (McFarlan's vertical axis). */
  dependence: score,
  /** How important its future development/innovation is (McFarlan's horizontal axis). */
  innovation: score,
  variability: z.enum(LEVELS, E('invalidLevel')),
  complexity: z.enum(LEVELS, E('invalidLevel')),
  concerns: z.object(Object.fromEntries(SOURCING_CONCERNS.map((c) => [c, score])) as Record<SourcingConcern, typeof score>),
  notes: z.string().trim().max(2000, E('tooLong')).optional(),
});
export type SourcingInput = z.input<typeof sourcingInputSchema>;
export type SourcingValues = z.output<typeof sourcingInputSchema>;

export type McFarlanQuadrant = 'factory' | 'support' | 'strategic' | 'turnaround';
export type ServiceMode = 'mass_service' | 'flexible_volume' | 'expert_service' | 'professional_service';
export type Recommendation = 'outsource' | 'outsource_selectively' | 'keep_in_house';

export interface SourcingAssessment {
  quadrant: McFarlanQuadrant;
  /** Grid position for the portfolio chart, both axes 1..5. */
  position: { dependence: number; innovation: number };
  /** A score of 3 sits on the line between two quadrants: the advice is weaker. */
  isBorderline: boolean;
  mode: ServiceMode;
  recommendation: Recommendation;
  /** Concerns rated 4 or 5, the most serious first. */
  majorConcerns: SourcingConcern[];
  /** i18n keys of the advice to show, in order. */
  adviceKeys: string[];
}

/** Scores 4-5 are "high", 1-3 "low"; 3 is the boundary and is flagged as borderline. */
const isHigh = (value: number) => value >= 4;

export function quadrantOf(dependence: number, innovation: number): McFarlanQuadrant {
  if (isHigh(dependence)) return isHigh(innovation) ? 'strategic' : 'factory';
  return isHigh(innovation) ? 'turnaround' : 'support';
}

export function serviceModeOf(variability: Level, complexity: Level): ServiceMode {
  if (variability === 'low') return complexity === 'low' ? 'mass_service' : 'expert_service';
  return complexity === 'low' ? 'flexible_volume' : 'professional_service';
}

export function assessSourcing(input: SourcingValues): SourcingAssessment {
  const quadrant = quadrantOf(input.dependence, input.innovation);
  const mode = serviceModeOf(input.variability, input.complexity);
  const majorConcerns = SOURCING_CONCERNS.filter((c) => input.concerns[c] >= 4).sort((a, b) => input.concerns[b] - input.concerns[a]);
  // McFarlan: factory and support functions are candidates for outsourcing; strategic and turnaround
  // ones stay in-house. Lacity: where it is mixed (complex contacts, major concerns), outsource part by part.
  const gridSaysOutsource = quadrant === 'factory' || quadrant === 'support';
  let recommendation: Recommendation = gridSaysOutsource ? 'outsource' : 'keep_in_house';
  if (gridSaysOutsource && (input.complexity === 'high' || majorConcerns.length >= 2)) recommendation = 'outsource_selectively';
  if (!gridSaysOutsource && quadrant === 'turnaround' && input.complexity === 'low' && majorConcerns.length === 0) recommendation = 'outsource_selectively';
  const adviceKeys = [`programs.sourcing.quadrant.${quadrant}.advice`, `programs.sourcing.mode.${mode}.advice`, `programs.sourcing.recommendation.${recommendation}`, ...majorConcerns.map((c) => `programs.sourcing.concern.${c}.mitigation`)];
  return {
    quadrant,
    position: { dependence: input.dependence, innovation: input.innovation },
    isBorderline: input.dependence === 3 || input.innovation === 3,
    mode,
    recommendation,
    majorConcerns,
    adviceKeys,
  };
}
