/** The voices AI product copy can be written in. */
export const COPY_TONES = ['neutral', 'friendly', 'luxury', 'playful'] as const;
export type CopyTone = (typeof COPY_TONES)[number];
