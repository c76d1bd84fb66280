using LinkMobility.WhatsApp.Cli;

return Cli.Run(args, Console.Out, Console.Error);
