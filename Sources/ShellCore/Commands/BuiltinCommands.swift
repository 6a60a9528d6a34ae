/// Every command of a standard session, in `help` order.
var builtinCommands: [ShellCommand.Type] { [
    LoadCommand.self, DatasetsCommand.self, UseCommand.self,
    FilterCommand.self, ResetCommand.self, UndoCommand.self, ShowCommand.self, CountCommand.self,
    SortCommand.self, SelectCommand.self, StatsCommand.self, DistinctCommand.self,
    ExplainCommand.self, RulesCommand.self, CheckCommand.self,
    DeadlineStatusCommand.self, FeeTotalCommand.self,
    ExportCommand.self,
    LetCommand.self, SetCommand.self, RunCommand.self, RecordCommand.self, HistoryCommand.self, HelpCommand.self, QuitCommand.self,
] }
