// Placeholder handler shipped by tfdesign so the function can be created before its code exists.
// Replace it: build your deployment package and pass its path as `package_path`.
exports.handler = async () => ({
  statusCode: 200,
  body: "placeholder",
});
