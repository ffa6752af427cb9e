using Neo4jAura.Emulator;

return await EmulatorCommandLine.RunAsync(args);
