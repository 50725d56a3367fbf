import SunanCLI

SunanCommand.runWithExitStatus()
