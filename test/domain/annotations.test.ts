/** Which trend charts an event (annotation) concerns: its topics, its bodies, its days. */
import { describe, expect, it } from 'vitest';
import { annotationConcerns } from '../../domain/annotations.js';

const chart = { topics: ['nära vård', 'psykisk hälsa'], bodies: [] as string[], years: [2020, 2021, 2022] };
const event = { date: '2021-03-01', end: null, topics: [] as string[], bodies: [] as string[] };

describe('annotationConcerns', () => {
  it('draws an event without topics or bodies on every chart within its years', () => {
    expect(annotationConcerns(event, chart)).toBe(true);
    expect(annotationConcerns(event, { ...chart, topics: [] })).toBe(true);
  });

  it('draws an event with topics only on charts of one of them', () => {
    expect(annotationConcerns({ ...event, topics: ['psykisk hälsa'] }, chart)).toBe(true);
    expect(annotationConcerns({ ...event, topics: ['äldre'] }, chart)).toBe(false);
    // A chart of free-text terms only charts no topic.
    expect(annotationConcerns({ ...event, topics: ['psykisk hälsa'] }, { ...chart, topics: [] })).toBe(false);
  });

  it('draws an event with bodies on a chart of every body or of one of them, not of another body', () => {
    const forBody = { ...event, bodies: ['Chefsgrupp folkhälsa'] };
    expect(annotationConcerns(forBody, chart)).toBe(true);
    expect(annotationConcerns(forBody, { ...chart, bodies: ['Chefsgrupp folkhälsa'] })).toBe(true);
    expect(annotationConcerns(forBody, { ...chart, bodies: ['Styrgrupp barn och unga'] })).toBe(false);
  });

  it('draws a period that overlaps the chart’s years, not one outside them', () => {
    expect(annotationConcerns({ ...event, date: '2018-01-01', end: '2020-02-01' }, chart)).toBe(true);
    expect(annotationConcerns({ ...event, date: '2018-01-01', end: '2019-12-31' }, chart)).toBe(false);
    expect(annotationConcerns({ ...event, date: '2023-01-01' }, chart)).toBe(false);
    expect(annotationConcerns(event, { ...chart, years: [] })).toBe(false);
  });
});
