/**
 * The one pattern for figure names (`officialsTrained`, `modelsEstablished`), in a module of its
 * own because workflows check it too and import nothing else. Starting with a letter, a name can
 * never be `__proto__`; names such as `constructor` are fine as data, and every look-up by a
 * figure name reads own properties only.
 */
export const FIGURE_NAME = /^[a-zA-Z][a-zA-Z0-9_]{0,63}$/;
export const FIGURE_NAME_RULE = 'figure names are a letter, then letters, digits and "_" (at most 64)';
