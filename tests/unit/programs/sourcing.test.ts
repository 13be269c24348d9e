import { describe, expect, it } from 'vitest';
import { assessSourcing, quadrantOf, serviceModeOf, sourcingInputSchema, type SourcingInput } from '../../../app/domain/programs/sourcing';
import { en } from '../../../app/i18n/en';
import { issues } from './fixtures';

const input = (over: Partial<SourcingInput> = {}) =>
  sourcingInputSchema.parse({
    dependence: 5,
    innovation: 2,
    variability: 'low',
    complexity: 'low',
    concerns: { customerDataConfidentiality: 2, qualityMeasurability: 2, brandImage: 2, vendorModelFit: 2 },
    ...over,
  });

describe('sourcing assessment', () => {
  it("places programs on McFarlan's grid", () => {
    expect(quadrantOf(5, 2)).toBe('factory');
    expect(quadrantOf(2, 2)).toBe('support');
    expect(quadrantOf(5, 5)).toBe('strategic');
    expect(quadrantOf(2, 5)).toBe('turnaround');
  });
  it('names the service mode from variability × complexity', () => {
    expect(serviceModeOf('low', 'low')).toBe('mass_service');
    expect(serviceModeOf('high', 'low')).toBe('flexible_volume');
    expect(serviceModeOf('low', 'high')).toBe('expert_service');
    expect(serviceModeOf('high', 'high')).toBe('professional_service');
  });
  it('advises outsourcing factory and support work, keeping strategic work in-house', () => {
    expect(assessSourcing(input()).recommendation).toBe('outsource');
    expect(assessSourcing(input({ dependence: 1, innovation: 1 })).recommendation).toBe('outsource');
    expect(assessSourcing(input({ innovation: 5, complexity: 'high' })).recommendation).toBe('keep_in_house');
  });
  it('turns to selective outsourcing when contacts are complex or concerns are major', () => {
    expect(assessSourcing(input({ complexity: 'high' })).recommendation).toBe('outsource_selectively');
    const worried = assessSourcing(input({ concerns: { customerDataConfidentiality: 5, qualityMeasurability: 4, brandImage: 1, vendorModelFit: 1 } }));
    expect(worried.recommendation).toBe('outsource_selectively');
    expect(worried.majorConcerns).toEqual(['customerDataConfidentiality', 'qualityMeasurability']);
  });
  it('flags a score of 3 as borderline, and every advice key has a text', () => {
    const result = assessSourcing(input({ dependence: 3, concerns: { customerDataConfidentiality: 5, qualityMeasurability: 5, brandImage: 5, vendorModelFit: 5 } }));
    expect(result.isBorderline).toBe(true);
    expect(result.quadrant).toBe('support');
    for (const key of result.adviceKeys) expect(en, key).toHaveProperty([key]);
  });
  it('ratings are 1..5', () => {
    expect(issues(sourcingInputSchema.safeParse({ ...input(), dependence: 6 }))).toEqual(['dependence: programs.error.scoreOutOfRange']);
  });
});
