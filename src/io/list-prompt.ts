import { createPrompt, isBackspaceKey, isEnterKey, makeTheme, useKeypress, usePrefix, useState } from '@inquirer/core';

/**
 * A list answered in one prompt, a line per item: Enter adds the line, Enter on an empty line is
 * done. Backspace on an empty line takes the last item back to change it. One question on the
 * screen for the whole list, instead of "another?" after every item.
 */
export interface ListConfig {
  message: string;
  /** At least one item before an empty line is accepted. */
  required?: boolean;
}

const HELP = '⏎ adds the line · ⏎ on an empty line: done · ⌫ on an empty line: change the last';

export const listPrompt = createPrompt<string[], ListConfig>((config, done) => {
  const theme = makeTheme();
  const [status, setStatus] = useState<'idle' | 'done'>('idle');
  const [items, setItems] = useState<string[]>([]);
  const [line, setLine] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const prefix = usePrefix({ status, theme });

  useKeypress((key, rl) => {
    if (isEnterKey(key)) {
      const text = line.trim();
      setLine('');
      if (text !== '') {
        setItems([...items, text]);
        setError(undefined);
      } else if (config.required && items.length === 0) {
        setError('At least one, please');
      } else {
        setStatus('done');
        done(items);
      }
    } else if (isBackspaceKey(key) && line === '' && items.length > 0) {
      // Readline has nothing left to erase: the last item comes back to the line.
      const last = items[items.length - 1] as string;
      setItems(items.slice(0, -1));
      rl.write(last);
      setLine(last);
    } else {
      setLine(rl.line);
      setError(undefined);
    }
  });

  const message = theme.style.message(config.message, status);
  const listed = items.map((item, index) => `  ${index + 1}. ${item}`);
  if (status === 'done') return [`${prefix} ${message}${items.length === 0 ? ` ${theme.style.answer('none')}` : ''}`, ...listed].join('\n');
  const bottom = error ? theme.style.error(error) : theme.style.help(HELP);
  return [[`${prefix} ${message}`, ...listed, `  ${items.length + 1}. ${line}`].join('\n'), bottom];
});
