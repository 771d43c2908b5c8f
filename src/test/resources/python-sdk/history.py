# Image.history: one entry per image of the parent chain, newest first.
import sys
import docker

client = docker.from_env()
for step in client.images.get(sys.argv[1]).history():
    print(step["Id"], step["Size"], step["Tags"], repr(step["CreatedBy"]))
