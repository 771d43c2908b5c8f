# api.pull's decoded message stream, then images.pull's image.
import json, sys
import docker

client = docker.from_env()
repo, tag = sys.argv[1], sys.argv[2]
for message in client.api.pull(repo, tag=tag, stream=True, decode=True):
    print(json.dumps(message, sort_keys=True))
print(client.images.pull(repo, tag=tag).tags)
