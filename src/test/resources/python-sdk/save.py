# images.get(...).save() streams a docker save archive; it loads back after a delete.
import io, json, sys, tarfile
import docker

client = docker.from_env()
name = sys.argv[1]
archive = b"".join(client.images.get(name).save(named=True))
with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
    for item in json.load(tar.extractfile("manifest.json")):
        print(item["RepoTags"], len(item["Layers"]))
print(client.api.remove_image(name))
print([image.tags for image in client.images.load(archive)])
