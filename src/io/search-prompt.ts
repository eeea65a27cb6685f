import { createPrompt, isDownKey, isEnterKey, isTabKey, isUpKey, makeTheme, useKeypress, useMemo, usePagination, usePrefix, useState } from '@inquirer/core';

/**
 * Type to filter, arrows to move, Enter to pick. Unlike @inquirer/search, whose source is
 * asynchronous, the list is computed from the term in the same render that shows it: a term and
 * Enter arriving together (a paste, a fast typist, a busy machine) pick from the list for that
 * term, so what is recorded is what the screen shows, never the list of the keystroke before.
 */
export interface SearchChoice {
  name: string;
  value: unknown;
  description?: string;
}

export interface SearchConfig {
  message: string;
  /** Synchronous and quick: it runs on every keystroke, before the screen is drawn. */
  source: (term: string) => SearchChoice[];
  pageSize?: number;
}

export const searchPrompt = createPrompt<unknown, SearchConfig>((config, done) => {
  const theme = makeTheme();
  const [status, setStatus] = useState<'idle' | 'done'>('idle');
  const [term, setTerm] = useState('');
  const choices = useMemo(() => config.source(term), [term]);
  // The cursor belongs to the term it was moved under: a new term starts again at its first choice.
  const [cursor, setCursor] = useState({ term: '', index: 0 });
  const active = cursor.term === term ? cursor.index : 0;
  const selected = choices[active];
  const prefix = usePrefix({ status, theme });

  useKeypress((key, rl) => {
    if (isEnterKey(key)) {
      if (selected) {
        setStatus('done');
        done(selected.value);
      }
      // Readline empties its line on Enter; with nothing to pick, the term stays for the person to change.
      else rl.write(term);
    } else if (isTabKey(key) && selected) {
      rl.clearLine(0);
      rl.write(selected.name);
      setTerm(selected.name);
    } else if ((isUpKey(key) || isDownKey(key)) && choices.length > 0) {
      // Readline takes the arrows for its history: the line goes back to the term.
      rl.clearLine(0);
      rl.write(term);
      const step = isUpKey(key) ? -1 : 1;
      setCursor({ term, index: Math.min(choices.length - 1, Math.max(0, active + step)) });
    } else {
      setTerm(rl.line);
    }
  });

  const page = usePagination({
    items: choices,
    active,
    renderItem: ({ item, isActive }) => (isActive ? theme.style.highlight(`❯ ${item.name}`) : `  ${item.name}`),
    pageSize: config.pageSize ?? 7,
    loop: false,
  });
  const message = theme.style.message(config.message, status);
  if (status === 'done' && selected) return `${prefix} ${message} ${theme.style.answer(selected.name)}`;
  const body = [
    choices.length === 0 ? theme.style.error('No results found') : page,
    selected?.description ? theme.style.help(selected.description) : '',
    theme.style.help('type to search · ↑↓ move · ⏎ pick · tab completes'),
  ];
  return [[prefix, message, theme.style.highlight(term)].filter(Boolean).join(' ').trimEnd(), body.filter(Boolean).join('\n')];
});
