import type { Command, Option } from 'commander';
import { ExitCode, UsageError } from '../errors.js';
import type { RunEnv } from '../run/env.js';

const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

interface CommandSpec {
  name: string;
  description: string;
  options: { flag: string; description: string }[];
}

/** `rhythm completion bash|zsh|fish`: a completion script generated from the commands themselves, so it never drifts. */
export function completion(env: RunEnv, program: Command, shell: string): ExitCode {
  if (!SHELLS.includes(shell as Shell)) throw new UsageError(`completion ${shell}: use bash, zsh or fish`);
  const specs = specsOf(program);
  env.output.data(shell === 'fish' ? fish(specs) : bash(specs, shell === 'zsh'));
  return ExitCode.ok;
}

function specsOf(program: Command): CommandSpec[] {
  const longFlags = (options: readonly Option[]) =>
    options.filter((option) => option.long).map((option) => ({ flag: option.long!, description: option.description }));
  return program.commands
    .filter((command) => command.name() !== 'help')
    .map((command) => ({ name: command.name(), description: command.description(), options: [...longFlags(command.options), { flag: '--help', description: 'show help' }] }));
}

function bash(specs: CommandSpec[], zsh: boolean): string {
  const cases = specs.map((spec) => `    ${spec.name}) opts="${spec.options.map((option) => option.flag).join(' ')}" ;;`).join('\n');
  return `# rhythm completion for ${zsh ? 'zsh' : 'bash'}. Install: rhythm completion ${zsh ? 'zsh' : 'bash'} >> ~/.${zsh ? 'zshrc' : 'bashrc'}
${zsh ? 'autoload -U +X bashcompinit && bashcompinit\n' : ''}_rhythm_completion() {
  local cur="\${COMP_WORDS[COMP_CWORD]}"
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=( $(compgen -W "${specs.map((spec) => spec.name).join(' ')} --help --version -C --no-color --quiet" -- "$cur") )
    return
  fi
  local opts=""
  case "\${COMP_WORDS[1]}" in
${cases}
  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=( $(compgen -W "$opts" -- "$cur") )
  else
    COMPREPLY=( $(compgen -f -- "$cur") )
  fi
}
complete -F _rhythm_completion rhythm
`;
}

function fish(specs: CommandSpec[]): string {
  const quote = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  const lines = ['# rhythm completion for fish. Install: rhythm completion fish > ~/.config/fish/completions/rhythm.fish', 'complete -c rhythm -f'];
  for (const spec of specs) lines.push(`complete -c rhythm -n __fish_use_subcommand -a ${spec.name} -d ${quote(spec.description)}`);
  for (const spec of specs) {
    for (const option of spec.options) {
      lines.push(`complete -c rhythm -n '__fish_seen_subcommand_from ${spec.name}' -l ${option.flag.replace(/^--/, '')} -d ${quote(option.description)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
