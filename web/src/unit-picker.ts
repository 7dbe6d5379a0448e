/**
 * A unit picker over the whole tree: a combobox (WAI-ARIA pattern) that finds units as they are
 * typed (unit-search.ts) and shows where each sits; the chosen units show as removable chips.
 * Arrow keys move through the list, Enter picks, Escape closes: a keyboard is enough.
 */
import type { Schemas } from './api.js';
import { h } from './dom.js';
import { t } from './i18n.js';
import { branchAdditions, searchUnits, unitBranches, unitIndex } from './unit-search.js';

type Unit = Schemas['Unit'];

/** The province's units, searchable, each with its parent's name. */
export interface UnitTree {
  byCode: Map<string, Unit>;
  parentName: (unit: Unit) => string | undefined;
  find: (query: string) => Unit[];
  /** The unit and every unit under it. */
  branch: (code: string) => Unit[];
}

export function unitTree(units: Unit[]): UnitTree {
  const current = units.filter((unit) => !unit.mergedIntoId);
  const byId = new Map(current.map((unit) => [unit.id, unit]));
  const index = unitIndex(current);
  return {
    byCode: new Map(current.map((unit) => [unit.code, unit])),
    parentName: (unit) => (unit.parentId ? byId.get(unit.parentId)?.name : undefined),
    find: (query) => searchUnits(index, query),
    branch: unitBranches(current),
  };
}

let pickerCount = 0;

/** A line of the list: a unit, or (picking several) the unit's whole branch with the codes it adds. */
type Choice = { unit: Unit; adds?: string[] };

/**
 * A labelled picker of one unit (`multiple` false: picking replaces) or several; `onChange`
 * receives the chosen codes. Codes not in the tree are kept and shown as they are. Picking
 * several, a unit with units under it is offered whole too ("cả nhánh"), without the codes
 * `leftOut` names.
 */
export function unitPicker(options: {
  label: string;
  tree: UnitTree;
  chosen: string[];
  multiple: boolean;
  onChange: (codes: string[]) => void;
  path: string;
  leftOut?: () => string[];
}): HTMLElement {
  pickerCount += 1;
  const id = `unit-picker-${pickerCount}`;
  const { tree } = options;
  let chosen = [...options.chosen];
  let found: Choice[] = [];
  let active = -1;

  const chips = h('ul', { class: 'unit-chips', 'aria-label': options.label });
  const listbox = h('ul', { id: `${id}-list`, role: 'listbox', class: 'unit-options', hidden: true, 'aria-label': options.label });
  const searchBox = h('input', {
    id,
    type: 'text',
    role: 'combobox',
    autocomplete: 'off',
    spellcheck: false,
    'aria-autocomplete': 'list',
    'aria-expanded': 'false',
    'aria-controls': listbox.id,
    'aria-describedby': `${id}-hint`,
  });

  const describe = (code: string) => {
    const unit = tree.byCode.get(code);
    return unit ? unit.name : code;
  };
  const drawChips = () =>
    chips.replaceChildren(
      ...chosen.map((code) => {
        const remove = h('button', { type: 'button', class: 'chip-remove', 'aria-label': t('removeUnit', { name: describe(code) }) }, '×');
        remove.addEventListener('click', () => {
          chosen = chosen.filter((other) => other !== code);
          options.onChange(chosen);
          drawChips();
          searchBox.focus();
        });
        return h('li', { class: 'unit-chip', 'data-unit': code }, h('span', {}, describe(code)), remove);
      }),
    );

  const close = () => {
    listbox.hidden = true;
    searchBox.setAttribute('aria-expanded', 'false');
    searchBox.removeAttribute('aria-activedescendant');
    active = -1;
  };
  const pick = ({ unit, adds }: Choice) => {
    if (adds) chosen = [...chosen, ...adds];
    else chosen = options.multiple ? [...chosen.filter((code) => code !== unit.code), unit.code] : [unit.code];
    options.onChange(chosen);
    drawChips();
    searchBox.value = '';
    close();
  };
  const highlight = (index: number) => {
    active = index;
    [...listbox.children].forEach((option, position) => option.setAttribute('aria-selected', String(position === index)));
    const option = listbox.children[index];
    if (option) {
      searchBox.setAttribute('aria-activedescendant', option.id);
      option.scrollIntoView({ block: 'nearest' });
    }
  };
  /** Each unit found, followed (picking several) by its branch when units lie under it. */
  const choicesFor = (units: Unit[]): Choice[] =>
    units.flatMap((unit) => {
      const branch = options.multiple ? tree.branch(unit.code) : [];
      return branch.length > 1 ? [{ unit }, { unit, adds: branchAdditions(branch, chosen, options.leftOut?.() ?? []) }] : [{ unit }];
    });
  const drawOptions = () => {
    found = choicesFor(tree.find(searchBox.value));
    if (!searchBox.value.trim()) return close();
    listbox.replaceChildren(
      ...(found.length
        ? found.map((choice, index) => {
            const { unit, adds } = choice;
            const parent = tree.parentName(unit);
            const option = adds
              ? h(
                  'li',
                  { id: `${id}-option-${index}`, role: 'option', 'aria-selected': 'false', 'aria-disabled': String(adds.length === 0), class: 'unit-branch', 'data-branch': unit.code },
                  h('span', {}, t('wholeBranch', { name: unit.name, count: tree.branch(unit.code).length - 1 })),
                  h('small', { class: 'muted' }, ` ${adds.length ? t('branchAdds', { count: adds.length }) : t('branchChosen')}`),
                )
              : h(
                  'li',
                  { id: `${id}-option-${index}`, role: 'option', 'aria-selected': 'false', 'data-unit': unit.code },
                  h('span', { class: 'unit-name' }, unit.name),
                  h('small', { class: 'muted' }, parent ? ` ${unit.code} · ${t('unitUnder', { parent })}` : ` ${unit.code}`),
                );
            // Picked on mousedown, before the box loses focus and closes the list.
            option.addEventListener('mousedown', (event) => {
              event.preventDefault();
              if (!adds || adds.length) pick(choice);
            });
            return option;
          })
        : [h('li', { class: 'muted', role: 'presentation' }, t('noUnitFound'))]),
    );
    listbox.hidden = false;
    searchBox.setAttribute('aria-expanded', 'true');
    active = -1;
  };

  searchBox.addEventListener('input', drawOptions);
  searchBox.addEventListener('blur', close);
  searchBox.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (listbox.hidden) drawOptions();
      if (!found.length) return;
      const step = event.key === 'ArrowDown' ? 1 : -1;
      highlight((active + step + found.length) % found.length);
    } else if (event.key === 'Enter') {
      // Enter picks; it never submits the editor's form.
      event.preventDefault();
      // With nothing highlighted, Enter picks the one unit found (not its branch).
      const choice = found[active] ?? (found.filter((line) => !line.adds).length === 1 ? found[0] : undefined);
      if (choice && !listbox.hidden && (!choice.adds || choice.adds.length)) pick(choice);
    } else if (event.key === 'Escape' && !listbox.hidden) {
      event.preventDefault();
      close();
    }
  });
  drawChips();

  return h(
    'div',
    { class: 'field unit-picker', 'data-path': options.path },
    h('label', { for: id }, options.label),
    chips,
    h('div', { class: 'unit-search' }, searchBox, listbox),
    h('small', { id: `${id}-hint` }, t('unitSearchHint')),
  );
}
