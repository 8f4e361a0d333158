/** "1 campaign", "3 campaigns": a count with its noun, as the screens say it. */
export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
