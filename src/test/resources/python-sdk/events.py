# client.events between two times, decoded from the chunked stream: one image's loads and
# deletes.
import sys
import docker

client = docker.from_env()
since, until, image = sys.argv[1:4]
for event in client.events(since=since, until=until, decode=True,
                           filters={"type": "image", "event": ["load", "delete"],
                                    "image": image}):
    print(event["Type"], event["Action"], event["Actor"]["ID"])
