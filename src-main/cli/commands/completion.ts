import { Argument, type Command } from 'commander'
import { COMPLETION_SHELLS, completionScript, type CompletionShell } from '../completion'
import { invocationOf } from '../io'

export function completionCommand(program: Command): void {
  program
    .command('completion')
    .description('Print a shell completion script (bash or zsh)')
    .addArgument(new Argument('<shell>', 'bash or zsh').choices(COMPLETION_SHELLS))
    .addHelpText(
      'after',
      `
Load it in the current shell:     source <(tkms completion bash)
Or install it for every session:  tkms completion bash > ~/.local/share/bash-completion/completions/tkms
zsh: add  source <(tkms completion zsh)  to ~/.zshrc (after compinit).`
    )
    .action((shell: CompletionShell) => {
      invocationOf(program).io.stdout.write(completionScript(program, shell))
    })
}
