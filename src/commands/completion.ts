import type { Argument, Command, Option } from 'commander';
import type { CompletionKind } from '../domain/completion.js';
import { ExitCode, UsageError } from '../errors.js';
import type { RunEnv } from '../run/env.js';

const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

/**
 * Where the candidates of a value come from: the workbook (the script calls `rhythm __complete
 * <kind>` on a Tab, commands/complete.ts), a fixed list (an option's choices), files or folders,
 * or nothing to offer (a date, an owner).
 */
export type Values = { workbook: CompletionKind } | { words: string[] } | 'files' | 'folders' | 'none';

interface OptionSpec {
  flag: string;
  short?: string;
  description: string;
  /** Whether the option takes a value: `<value>` (required) or `[value]` (optional, given when the next word is no option). */
  takes?: 'required' | 'optional';
  values?: Values;
}

export interface CommandSpec {
  name: string;
  description: string;
  options: OptionSpec[];
  /** The command's first argument, where it is one the workbook (or a list) knows. */
  operand?: { values: Values; default?: string };
  /** Whether any other word may be a file: the further values of an option taking several (`report --merge a.json b.json`). */
  files: boolean;
}

/** Options whose values the workbook knows, by name. `init --team` names new teams: none to offer. */
const OPTION_VALUES: Record<string, CompletionKind> = {
  '--customer': 'customers',
  '--team': 'teams',
  '--week': 'weeks',
  '--quarter': 'quarters',
  '--year': 'years',
  '--period': 'periods',
};

/** An option whose value names a file or files: `--answers <file|->`, `--merge <files...>`. */
const TAKES_FILES = /<[^>]*\bfiles?\b/;

/** First arguments the workbook knows, by command. */
const OPERAND_VALUES: Record<string, CompletionKind> = { customers: 'customers', brief: 'customers', heard: 'customers', flag: 'customers', new: 'rituals', open: 'rituals' };

/** The options of every command, given before or after it (cli.ts globalOptions), and the program's own. */
const GLOBAL_OPTIONS: OptionSpec[] = [
  { flag: '--dir', short: '-C', description: 'run as if started in <dir>', takes: 'required', values: 'folders' },
  { flag: '--no-color', description: 'no colours' },
  { flag: '--quiet', short: '-q', description: 'only print data and errors' },
];

/**
 * `rhythm completion bash|zsh|fish`: a completion script generated from the commands themselves,
 * so it never drifts. Commands and flags are completed by the script alone; values the workbook
 * knows (customer, team and ritual ids, recent period labels) by calling back into `rhythm
 * __complete <kind>` in the folder the user is in (or `-C`'s), as gh and other good CLIs do.
 */
export function completion(env: RunEnv, program: Command, shell: string): ExitCode {
  if (!SHELLS.includes(shell as Shell)) throw new UsageError(`completion ${shell}: use bash, zsh or fish`);
  const specs = specsOf(program);
  env.output.data(shell === 'fish' ? fish(specs) : bash(specs, shell === 'zsh'));
  return ExitCode.ok;
}

/** The commands as help lists them (the hidden `__complete` left out), with what each option and first argument takes. */
export function specsOf(program: Command): CommandSpec[] {
  return program
    .createHelp()
    .visibleCommands(program)
    .filter((command) => command.name() !== 'help')
    .map((command) => {
      const spec: CommandSpec = {
        name: command.name(),
        description: command.description(),
        options: [...command.options.filter((option) => option.long).map((option) => optionSpec(command.name(), option)), { flag: '--help', short: '-h', description: 'show help' }],
        files: command.options.some((option) => option.variadic && TAKES_FILES.test(option.flags)),
      };
      const operand = operandOf(command.name(), command.registeredArguments[0]);
      if (operand) spec.operand = operand;
      return spec;
    });
}

function optionSpec(command: string, option: Option): OptionSpec {
  const spec: OptionSpec = { flag: option.long!, description: option.description };
  if (option.short) spec.short = option.short;
  if (!option.required && !option.optional) return spec;
  spec.takes = option.required ? 'required' : 'optional';
  const kind = Object.hasOwn(OPTION_VALUES, spec.flag) && command !== 'init' ? OPTION_VALUES[spec.flag] : undefined;
  if (kind !== undefined) spec.values = { workbook: kind };
  else if (option.argChoices) spec.values = { words: option.argChoices };
  else if (TAKES_FILES.test(option.flags)) spec.values = 'files';
  else if (/<[^>]*\b(dir|folder)\b/.test(option.flags)) spec.values = 'folders';
  else spec.values = 'none';
  return spec;
}

function operandOf(command: string, argument: Argument | undefined): CommandSpec['operand'] {
  if (argument === undefined) return undefined;
  const byDefault = typeof argument.defaultValue === 'string' ? { default: argument.defaultValue } : {};
  if (Object.hasOwn(OPERAND_VALUES, command)) return { values: { workbook: OPERAND_VALUES[command]! }, ...byDefault };
  if (argument.argChoices) return { values: { words: argument.argChoices }, ...byDefault };
  // completion's shell: its description lists them.
  if (command === 'completion') return { values: { words: [...SHELLS] } };
  return undefined;
}

/** A value's candidates as the bash script's `_rhythm_reply` takes them. */
function directive(values: Values): string {
  if (typeof values === 'string') return values;
  return 'workbook' in values ? `workbook:${values.workbook}` : `words:${values.words.join(' ')}`;
}

function bash(specs: CommandSpec[], zsh: boolean): string {
  const valued = (spec: CommandSpec, takes: 'required' | 'optional') =>
    spec.options.filter((option) => option.takes === takes).map((option) => option.flag);
  const commandCases = specs
    .map((spec) => {
      const fields = [
        `opts="${spec.options.map((option) => option.flag).join(' ')}"`,
        `required="$required${valued(spec, 'required').join(' ')} "`,
        `optional=" ${valued(spec, 'optional').join(' ')} "`,
        ...(spec.operand ? [`operand_values="${directive(spec.operand.values)}"`] : []),
        ...(spec.operand?.default !== undefined ? [`default="${spec.operand.default}"`] : []),
        ...(spec.files ? ['rest=files'] : []),
      ];
      return `        ${spec.name}) ${fields.join('; ')} ;;`;
    })
    .join('\n');
  // Each directive with the `command option` pairs it completes; -C's folder is the same after any command.
  const byDirective = new Map<string, string[]>();
  for (const spec of specs) {
    for (const option of spec.options) {
      if (option.values === undefined) continue;
      const key = directive(option.values);
      byDirective.set(key, [...(byDirective.get(key) ?? []), `"${spec.name} ${option.flag}"`]);
    }
  }
  const valueCases = [['folders', ['*" -C"', '*" --dir"']] as const, ...byDirective.entries()]
    .map(([key, pairs]) => `    ${pairs.join('|')}) echo "${key}" ;;`)
    .join('\n');
  const globals = GLOBAL_OPTIONS.flatMap((option) => [option.short, option.flag]).filter(Boolean).join(' ');
  return `# rhythm completion for ${zsh ? 'zsh' : 'bash'}. Install: rhythm completion ${zsh ? 'zsh' : 'bash'} >> ~/.${zsh ? 'zshrc' : 'bashrc'}
# Customer, team and ritual ids and recent periods come from the workbook you are in (or -C's):
# the script asks \`rhythm __complete <kind>\`, which reads rhythm.yaml and customers.yaml only.
${zsh ? '(( $+functions[compdef] )) || { autoload -U +X compinit && compinit; }\nautoload -U +X bashcompinit && bashcompinit\n' : ''}
# <command> <option>: where the option's value comes from (see _rhythm_reply).
_rhythm_values() {
  case "$1 $2" in
${valueCases}
    *) echo none ;;
  esac
}

# <directive> [ritual]: the candidates for the word being completed ($cur), from the workbook in $dir.
_rhythm_reply() {
  local IFS=$'\\n' kind
  case "$1" in
    files) COMPREPLY=( $(compgen -f -- "$cur") ) ;;
    folders) COMPREPLY=( $(compgen -d -- "$cur") ) ;;
    words:*) IFS=$' \\n'; COMPREPLY=( $(compgen -W "\${1#words:}" -- "$cur") ) ;;
    workbook:*)
      kind="\${1#workbook:}"
      if [ "$kind" != periods ]; then set -- "$1"; fi
      COMPREPLY=( $(compgen -W "$(command rhythm "\${dir[@]}" __complete "$kind" \${2:+"$2"} 2>/dev/null)" -- "$cur") ) ;;
  esac
}

_rhythm_completion() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="" word command="" operand="" i
  local opts="" required=" -C --dir " optional="" operand_values="" default="" rest=""
  local -a dir=()
  COMPREPLY=()
  if (( COMP_CWORD > 0 )); then prev="\${COMP_WORDS[COMP_CWORD-1]}"; fi
  # The command, its first argument and -C's folder, from the words before the cursor; an option's value is none of them.
  for (( i = 1; i < COMP_CWORD; i++ )); do
    word="\${COMP_WORDS[i]}"
    if [ "$word" = "-C" ] || [ "$word" = "--dir" ]; then
      if [ "\${COMP_WORDS[i+1]}" = "=" ]; then (( i++ )); fi
      if (( i + 1 < COMP_CWORD )); then (( i++ )); dir=(-C "\${COMP_WORDS[i]/#\\~/$HOME}"); fi
    elif [[ "$word" == -* ]]; then
      if [[ "$required" == *" $word "* ]]; then
        (( i++ ))
      elif [[ "$optional" == *" $word "* && "\${COMP_WORDS[i+1]}" != -* ]] && (( i + 1 < COMP_CWORD )); then
        (( i++ ))
      fi
    elif [ -z "$command" ]; then
      command="$word"
      case "$command" in
${commandCases}
      esac
    elif [ -z "$operand" ]; then
      operand="$word"
    fi
  done
  if [ -z "$command" ]; then
    if [ "$prev" = "-C" ] || [ "$prev" = "--dir" ]; then
      _rhythm_reply folders
    else
      COMPREPLY=( $(compgen -W "${specs.map((spec) => spec.name).join(' ')} --help --version ${globals}" -- "$cur") )
    fi
    return 0
  fi
  if [[ "$required" == *" $prev "* ]] || [[ "$optional" == *" $prev "* && "$cur" != -* ]]; then
    _rhythm_reply "$(_rhythm_values "$command" "$prev")" "\${operand:-$default}"
  elif [[ "$cur" == -* ]]; then
    COMPREPLY=( $(compgen -W "$opts" -- "$cur") )
  elif [ -n "$operand_values" ] && [ -z "$operand" ]; then
    _rhythm_reply "$operand_values"
  elif [ "$rest" = files ]; then
    COMPREPLY=( $(compgen -f -- "$cur") )
  fi
  return 0
}
complete -F _rhythm_completion rhythm
`;
}

function fish(specs: CommandSpec[]): string {
  const quote = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  const valued = (spec: CommandSpec, takes: 'required' | 'optional') =>
    spec.options.filter((option) => option.takes === takes).map((option) => option.flag);
  const commandCases = specs
    .map((spec) => {
      const required = valued(spec, 'required');
      const optional = valued(spec, 'optional');
      return [
        `                case ${spec.name}`,
        ...(required.length > 0 ? [`                    set -a valued ${required.join(' ')}`] : []),
        ...(optional.length > 0 ? [`                    set -a maybe ${optional.join(' ')}`] : []),
      ].join('\n');
    })
    .join('\n');
  const values = (values: Values | undefined, ritualDefault?: string): string => {
    if (values === undefined) return '';
    if (values === 'files') return ' -r -F';
    if (values === 'folders') return " -x -a '(__fish_complete_directories)'";
    if (values === 'none') return ' -x';
    if ('words' in values) return ` -x -a ${quote(values.words.join(' '))}`;
    const ritual = values.workbook === 'periods' ? ` (__rhythm_ritual${ritualDefault !== undefined ? ` ${ritualDefault}` : ''})` : '';
    return ` -x -a ${quote(`(__rhythm_complete ${values.workbook}${ritual})`)}`;
  };
  const flag = (option: OptionSpec) => `${option.short ? ` -s ${option.short.replace(/^-/, '')}` : ''} -l ${option.flag.replace(/^--/, '')}`;
  const lines = [
    '# rhythm completion for fish. Install: rhythm completion fish > ~/.config/fish/completions/rhythm.fish',
    '# Customer, team and ritual ids and recent periods come from the workbook you are in (or -C\'s):',
    '# the script asks `rhythm __complete <kind>`, which reads rhythm.yaml and customers.yaml only.',
    `
function __rhythm_words --description 'rhythm: the command and its first argument before the cursor (options and their values left out)'
    set -l tokens (commandline -opc)
    set -e tokens[1]
    set -l words
    set -l valued -C --dir
    set -l maybe
    while set -q tokens[1]
        set -l token $tokens[1]
        set -e tokens[1]
        if contains -- $token $valued
            set -q tokens[1]; and set -e tokens[1]
        else if contains -- $token $maybe
            if set -q tokens[1]; and not string match -q -- '-*' $tokens[1]
                set -e tokens[1]
            end
        else if not string match -q -- '-*' $token
            set -a words $token
            test (count $words) -eq 1; or continue
            switch $token
${commandCases}
            end
        end
    end
    set -q words[1]; and printf '%s\\n' $words
end

function __rhythm_dir --description 'rhythm: -C <folder> as given on the command line'
    set -l tokens (commandline -opc)
    for i in (seq 2 (count $tokens))
        switch $tokens[$i]
            case -C --dir
                set -l next (math $i + 1)
                set -q tokens[$next]; and printf '%s\\n' -C (string replace -r -- '^~' $HOME $tokens[$next])
            case '--dir=*'
                printf '%s\\n' -C (string replace -r -- '^--dir=~?' '' $tokens[$i])
        end
    end
end

function __rhythm_complete --description 'rhythm: candidates from the workbook'
    command rhythm (__rhythm_dir) __complete $argv 2>/dev/null
end

function __rhythm_needs_command
    set -l words (__rhythm_words)
    test (count $words) -eq 0
end

function __rhythm_using --argument-names name
    set -l words (__rhythm_words)
    test "$words[1]" = "$name"
end

function __rhythm_operand_of --argument-names name
    set -l words (__rhythm_words)
    test "$words[1]" = "$name"; and test (count $words) -eq 1
end

function __rhythm_ritual --argument-names default --description 'rhythm: the ritual named after the command, else the default'
    set -l words (__rhythm_words)
    if set -q words[2]
        printf '%s\\n' $words[2]
    else if test -n "$default"
        printf '%s\\n' $default
    end
end
`,
    'complete -c rhythm -f',
    `complete -c rhythm -n __rhythm_needs_command -s V -l version -d ${quote('print the version')}`,
    `complete -c rhythm -n __rhythm_needs_command -s h -l help -d ${quote('show help')}`,
    ...GLOBAL_OPTIONS.map((option) => `complete -c rhythm${flag(option)}${values(option.values)} -d ${quote(option.description)}`),
  ];
  for (const spec of specs) lines.push(`complete -c rhythm -n __rhythm_needs_command -a ${spec.name} -d ${quote(spec.description)}`);
  for (const spec of specs) {
    if (spec.operand) lines.push(`complete -c rhythm -n ${quote(`__rhythm_operand_of ${spec.name}`)}${values(spec.operand.values).replace(/^ -x/, '')}`);
    for (const option of spec.options) {
      lines.push(`complete -c rhythm -n ${quote(`__rhythm_using ${spec.name}`)}${flag(option)}${values(option.values, spec.operand?.default)} -d ${quote(option.description)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
