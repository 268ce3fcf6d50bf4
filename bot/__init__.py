"""The Tutorbot process: settings, aiohttp app, SDK adapter, activity handling, CLI, scheduler, delivery."""
