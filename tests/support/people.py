"""People the bot can already write to: roster rows with a stored personal conversation, for delivery drills."""

from __future__ import annotations

import json

from storage import Database
from storage.conversations import ConversationRef
from storage.models import Person


async def people_with_chats(database: Database, connector_url: str, count: int, prefix: str = "fan") -> list[Person]:
    """`count` students who talked to the bot once: their personal conversations are stored."""
    async with database.unit_of_work() as uow:
        people = [Person(email=f"{prefix}{i}@drill.example", name=f"{prefix.title()} {i}", role="student",
                         teams_user_id=f"29:{prefix}-{i}") for i in range(count)]
        uow.db.add_all(people)
        await uow.db.flush()
        for person in people:
            conversation = f"a:{prefix}-{person.id}"
            reference = {"bot": {"id": "28:tutorbot", "name": "Tutorbot"}, "channelId": "msteams",
                         "conversation": {"id": conversation, "conversationType": "personal",
                                          "tenantId": "tenant-almau"},
                         "serviceUrl": connector_url, "user": {"id": person.teams_user_id}}
            uow.db.add(ConversationRef(
                conversation_id=conversation, conversation_type="personal", person_id=person.id,
                teams_user_id=person.teams_user_id, tenant_id="tenant-almau", service_url=connector_url,
                reference_json=json.dumps(reference)))
    return people
