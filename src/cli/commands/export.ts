import type { Command } from 'commander';

/** Placeholder: this capability registers its subcommands here. */
export function register(_program: Command): void {}
