# Placeholder handler shipped by tfdesign so the function can be created before its code exists.
# Replace it: build your deployment package and pass its path as `package_path`.
def handler(event, context):
    return {"statusCode": 200, "body": "placeholder"}
