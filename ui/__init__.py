"""Windows and dialogs: compose widgets, bind stores, send user intents to services."""
