import { describe, expect, it } from 'vitest';
import { commandOf } from '../../src/launch.js';

const COMMANDS = ['init', 'weekly', 'new', 'report', 'status', '__complete'];

describe('commandOf: which command a run keeps its compiled code for', () => {
  it('is the first argument that is not an option, when it is a command', () => {
    expect(commandOf(['status'], COMMANDS)).toBe('status');
    expect(commandOf(['report', '--year', '2025', '--format', 'json'], COMMANDS)).toBe('report');
    expect(commandOf(['--no-color', '-q', 'weekly', '--last'], COMMANDS)).toBe('weekly');
    expect(commandOf(['new', 'monthly'], COMMANDS)).toBe('new');
    expect(commandOf(['__complete', '--', 'sta'], COMMANDS)).toBe('__complete');
  });

  it('skips the folder of -C and --dir, which may be named like a command', () => {
    expect(commandOf(['-C', 'status', 'report'], COMMANDS)).toBe('report');
    expect(commandOf(['--dir', 'weekly', 'status'], COMMANDS)).toBe('status');
    expect(commandOf(['--dir=weekly', 'status'], COMMANDS)).toBe('status');
    expect(commandOf(['-C'], COMMANDS)).toBe('other');
  });

  it('is `other` without a command or for one the program does not have', () => {
    expect(commandOf([], COMMANDS)).toBe('other');
    expect(commandOf(['statsu'], COMMANDS)).toBe('other');
    expect(commandOf(['../../etc'], COMMANDS)).toBe('other');
    expect(commandOf(['--', 'status'], COMMANDS)).toBe('status');
    expect(commandOf(['--'], COMMANDS)).toBe('other');
  });
});
