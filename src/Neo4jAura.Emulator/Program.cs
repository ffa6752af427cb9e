// Filled by part 1 (issue 3): the emulator.
Console.WriteLine("aura-emulator");
