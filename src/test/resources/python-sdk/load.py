# images.load with a bytes body (Content-Length) and a generator (chunked), the raw message
# stream, and a broken archive, whose error the SDK raises as ImageLoadError.
import json, sys
import docker

client = docker.from_env()
data = open(sys.argv[1], "rb").read()
for image in client.images.load(data):
    print(image.id, " ".join(image.tags))


def chunks():
    for start in range(0, len(data), 4096):
        yield data[start:start + 4096]


for message in client.api.load_image(chunks()):
    print(json.dumps(message, sort_keys=True))
try:
    client.images.load(b"this is not a tar archive\n" * 40)
except docker.errors.ImageLoadError as e:
    print("ImageLoadError:", e)
